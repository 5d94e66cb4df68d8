/// Which names in the inbox newsd leaves alone.
///
/// Writers that do the right thing write to a hidden or temporary name and rename when done; the
/// finished file then arrives by the rename. So dotfiles and the partial-download suffixes browsers,
/// editors and sync tools use are never taken.
public enum InboxNames {
    /// The folder inside the inbox where claimed files wait while newsd works on them. Being a dotfile,
    /// it is ignored by the watcher, and being in the inbox it is on the same file system, so the claim
    /// is one atomic rename.
    public static let workFolder = ".newsd-work"

    static let ignoredSuffixes = [".tmp", ".part", ".crdownload", "~", ".swp", ".swx", ".partial", ".download"]

    public static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.isEmpty { return true }
        let lower = name.lowercased()
        return ignoredSuffixes.contains { lower.hasSuffix($0) }
    }

    /// Whether any component of a relative path is ignored (a file inside `.git/` or `x.part/`).
    public static func isIgnored(relativePath: String) -> Bool {
        relativePath.split(separator: "/").contains { isIgnored(String($0)) }
    }
}
