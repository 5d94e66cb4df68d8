/// The name a claimed file takes in the work folder (``InboxNames/workFolder``): a token unique to the
/// claim, then `~` and the file's origin, its path below the inbox, with `%` and `/` written as `%25`
/// and `%2F` (`claim-1764620000000000-812-0~reuters%2Fx.txt`).
///
/// The ledger row says where a claimed file came from; the name says it too, for the one case where
/// the row is gone. The claim's commit does not wait for the disk (see ``NewsStore/claim(_:at:waitForDisk:)``),
/// nor does the record's (the archive queue waits before it moves anything), so a power cut before
/// that wait may keep the file's rename into the work folder and lose the row.
/// Recovery then finds a file no row names, and puts it back in the inbox where it was dropped, so its
/// source (the inbox subfolder) is not lost either.
enum WorkName {
    /// The token and the encoded origin; the token alone when the two would not fit in a file name
    /// (recovery then puts the file back at the top of the inbox, under the token).
    static func make(token: String, origin: String) -> String {
        var encoded = ""
        for character in origin.unicodeScalars {
            switch character {
            case "%": encoded += "%25"
            case "/": encoded += "%2F"
            default: encoded.unicodeScalars.append(character)
            }
        }
        let name = token + "~" + encoded
        return name.utf8.count <= FileMover.nameMax ? name : token
    }

    /// The origin a work name carries; nil when it carries none, or one that would leave the inbox
    /// (an absolute path, an empty, `.` or `..` component).
    static func origin(of name: String) -> String? {
        guard let separator = name.firstIndex(of: "~") else { return nil }
        var origin = ""
        var rest = Substring(name[name.index(after: separator)...]).unicodeScalars[...]
        while let first = rest.first {
            if first == "%", rest.count >= 3 {
                let code = String(String.UnicodeScalarView(rest.dropFirst().prefix(2))).uppercased()
                if code == "25" || code == "2F" {
                    origin += code == "25" ? "%" : "/"
                    rest = rest.dropFirst(3)
                    continue
                }
            }
            origin.unicodeScalars.append(first)
            rest = rest.dropFirst()
        }
        let components = origin.split(separator: "/", omittingEmptySubsequences: false)
        guard !origin.isEmpty, !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        return origin
    }
}
