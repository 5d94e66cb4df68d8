// One libFuzzer entry point per parser, chosen at build time (scripts/fuzz passes -D FUZZ_TEXT and so on).
// Every input must end in articles or a ParseError: a crash, a hang or a sanitizer report is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    #if FUZZ_TEXT
    if let decoded = try? TextDecoder.decode(bytes) {
        _ = try? PlainTextParser.parse(decoded.text, markdown: false)
        _ = try? PlainTextParser.parse(decoded.text, markdown: true)
        _ = SentenceSplitter.split(decoded.text)
    }
    #elseif FUZZ_HTML
    _ = try? HTMLArticleParser.parse(bytes)
    #elseif FUZZ_FEED
    if let feed = try? FeedParser.parse(bytes) { _ = try? FeedArticles.articles(from: feed) }
    #elseif FUZZ_JSON
    if let decoded = try? TextDecoder.decode(bytes) {
        _ = try? JSONArticleParser.parse(decoded.text)
        _ = try? JSONArticleParser.parseLines(decoded.text)
    }
    #endif
    _ = FormatSniffer.sniff(bytes, fileName: "input")
    return 0
}
