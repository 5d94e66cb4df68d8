// Snowball stemmers (Debian: libstemmer-dev). newsd uses the English (Porter2) algorithm.
#include <libstemmer.h>
