/// Latin letters with diacritics folded to their plain lower-case letter on bytes ("Tehrān" → "tehran",
/// "Đ" is not one: it has no decomposition), for ``Gazetteer/fold(_:)``.
///
/// Foundation's diacritic-insensitive folding goes through ICU for every string; building the gazetteer
/// folded some 1,300 iso-codes names that way, about a third of the 20 ms it took at the start of every
/// process, before the first article could be analysed. The tables hold, for each code point of
/// Latin-1 Supplement, Latin Extended-A and -B, and Latin Extended Additional, the ASCII letter its
/// canonical decomposition starts with when the rest of it is combining marks, or nothing. Anything
/// else is left to Foundation. A test checks every entry against Foundation's folding.
enum LatinFolding {
    /// What a code point folds to: a lower-case ASCII letter, nothing at all (a combining mark, which
    /// diacritic folding drops), or nil when the tables do not know it.
    enum Folded: Equatable {
        case letter(UInt8)
        case nothing
    }

    static func fold(_ scalar: UInt32) -> Folded? {
        switch scalar {
        case 0x00C0..<0x0250: return letter(latin, scalar - 0x00C0)
        case 0x0300..<0x0370: return .nothing
        case 0x1E00..<0x1F00: return letter(additional, scalar - 0x1E00)
        default: return nil
        }
    }

    private static func letter(_ table: [UInt8], _ offset: UInt32) -> Folded? {
        let byte = table[Int(offset)]
        return byte == UInt8(ascii: ".") ? nil : .letter(byte)
    }

    /// U+00C0 to U+024F, 64 to a line; `.` where the code point is not a letter with diacritics.
    private static let latin = Array([
        "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y",
        "aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll.",
        "...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.",
        "................................oo.............uu...............",
        ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....",
        "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............",
        "................"].joined().utf8)

    /// U+1E00 to U+1EFF, as ``latin``.
    private static let additional = Array([
        "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm",
        "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv",
        "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee",
        "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......"].joined().utf8)
}
