// libxml2, the HTML and XML parser newsd reads pages and feeds with (Debian: libxml2-dev).
//
// Debian builds libxml2 with ICU, so <libxml/encoding.h> would include the system's <unicode/ucnv.h>,
// whose declarations clash with the ICU copy inside Swift's Foundation. newsd never touches the
// ICU-specific fields (they sit at the end of xmlCharEncodingHandler, which it only ever handles by
// pointer), so the header is read as if ICU were off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
