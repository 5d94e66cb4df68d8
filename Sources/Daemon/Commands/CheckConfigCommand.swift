import ArgumentParser
import Core
import Foundation

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration and print it in full, every key with its effective value.",
        discussion: "Exits 1 with a message naming the key and value at fault when something is wrong."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        var notes: [String] = []
        for (key, path) in [("inbox", config.inbox), ("data_dir", config.dataDir)] {
            if let status = FileReader.status(path), status.kind != .directory {
                throw CommandError("invalid \(key) = \"\(path)\": it exists and is not a folder")
            }
            if FileReader.status(path) == nil { notes.append("\(key) \(path) does not exist yet; newsd run creates it") }
        }
        print(config.renderTOML(), terminator: "")
        for note in notes { Terminal.error("note: \(note)") }
        Terminal.error("configuration OK")
    }
}
