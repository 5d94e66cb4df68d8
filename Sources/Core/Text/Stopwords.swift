/// English words that say nothing about which event a text reports: function words, and the verbs
/// and nouns every news report uses ("said", "told", "year", "people" is kept: it counts things).
public enum Stopwords {
    public static func contains(_ lowercased: String) -> Bool { words.contains(lowercased) }
    public static func contains(_ lowercased: HashedWord) -> Bool { words.contains(lowercased) }

    public static let words: WordSet = [
        "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone", "along",
        "already", "also", "although", "always", "am", "among", "amongst", "an", "and", "another", "any", "anyhow",
        "anyone", "anything", "anyway", "anywhere", "are", "around", "as", "at", "back", "be", "became", "because",
        "become", "becomes", "becoming", "been", "before", "beforehand", "behind", "being", "below", "beside",
        "besides", "between", "beyond", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing",
        "done", "down", "due", "during", "each", "either", "else", "elsewhere", "enough", "etc", "even", "ever",
        "every", "everyone", "everything", "everywhere", "except", "few", "for", "former", "formerly", "from",
        "further", "had", "has", "have", "having", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
        "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "indeed", "into", "is", "it",
        "its", "itself", "just", "last", "latter", "least", "less", "let", "like", "made", "make", "many", "may", "me",
        "meanwhile", "might", "more", "moreover", "most", "mostly", "much", "must", "my", "myself", "namely",
        "neither", "never", "nevertheless", "next", "no", "nobody", "none", "nor", "not", "nothing", "now",
        "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise",
        "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "please", "put", "rather", "re", "same",
        "see", "seem", "seemed", "seeming", "seems", "several", "she", "should", "since", "so", "some", "somehow",
        "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "than", "that", "the",
        "their", "theirs", "them", "themselves", "then", "thence", "there", "thereafter", "thereby", "therefore",
        "therein", "thereupon", "these", "they", "this", "those", "though", "through", "throughout", "thru", "thus",
        "to", "together", "too", "toward", "towards", "under", "until", "up", "upon", "us", "very", "via", "was",
        "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas",
        "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while", "whither", "who", "whoever",
        "whole", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
        "yourself", "yourselves", "s", "t", "d", "ll", "m", "ve", "don", "didn", "doesn", "isn", "wasn", "weren",
        "won", "wouldn", "couldn", "shouldn", "hasn", "haven", "hadn", "aren", "it's", "he's", "she's", "that's",
        "there's", "i'm", "we're", "they're", "you're", "can't", "won't", "don't", "didn't", "doesn't", "isn't",
        "said", "says", "say", "saying", "told", "tell", "tells", "according", "added", "adds", "reported", "report",
        "reports", "year", "years", "time", "times", "week", "weeks", "day", "days", "today", "yesterday",
        "tomorrow", "mr", "mrs", "ms", "dr", "new", "two", "three", "first", "second", "get", "got", "go", "going",
        "went", "come", "came", "take", "took", "took", "way", "lot", "told", "asked", "ask", "want", "wanted", "need",
        "going", "know", "think", "thought", "look", "looked", "including", "include", "included", "includes",
    ]
}
