import Foundation
import TOMLKit

extension NewsdConfig {
    /// Builds a configuration from the defaults, an optional TOML file, then flag overrides.
    ///
    /// Relative paths, in the file or in flags, are resolved against the working directory: the
    /// systemd unit sets `WorkingDirectory=/var/lib/newsd`, so the defaults (`./inbox`,
    /// `./newsd-data`) land in the service's state directory without editing anything.
    ///
    /// - Parameters:
    ///   - file: A TOML file with any of the keys in ``ConfigKey/all``.
    ///   - overrides: `(key, text)` pairs from the command line.
    /// - Throws: ``ConfigError`` naming the file, key and value at fault.
    public static func load(file: String? = nil, overrides: [(key: String, value: String)] = []) throws(ConfigError) -> NewsdConfig {
        var config = NewsdConfig()
        let workingDirectory = FileManager.default.currentDirectoryPath
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw .unreadableFile(path: file, reason: describeFileError(error))
            }
            try config.apply(toml: text, path: file, baseDirectory: workingDirectory)
        }
        for (name, text) in overrides {
            guard let key = ConfigKey.named(name) else { throw .unknownKey(key: name, path: "command line") }
            try key.read(&config, .text(key.isPath ? absolutePath(text, relativeTo: workingDirectory) : text))
        }
        config.inbox = absolutePath(config.inbox, relativeTo: workingDirectory)
        config.dataDir = absolutePath(config.dataDir, relativeTo: workingDirectory)
        return config
    }

    /// Applies the keys of a TOML document.
    mutating func apply(toml text: String, path: String, baseDirectory: String) throws(ConfigError) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(path: path, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw .syntax(path: path, line: 0, column: 0, message: String(describing: error))
        }
        for (name, raw) in table {
            guard let key = ConfigKey.named(name) else { throw .unknownKey(key: name, path: path) }
            var value = try ConfigValue(toml: raw, key: name)
            if key.isPath, case .text(let text) = value {
                value = .text(absolutePath(text, relativeTo: baseDirectory))
            }
            try key.read(&self, value)
        }
    }

    /// The whole configuration as a TOML document, one commented key per line.
    public func renderTOML() -> String {
        ConfigKey.all.map { "# \($0.summary)\n\($0.name) = \($0.tomlLiteral(in: self))" }.joined(separator: "\n\n") + "\n"
    }
}

extension ConfigValue {
    init(toml value: TOMLValueConvertible, key: String) throws(ConfigError) {
        switch value.type {
        case .string: self = .text(value.string ?? "")
        case .int: self = .integer(value.int ?? 0)
        case .double: self = .number(value.double ?? 0)
        case .bool: self = .boolean(value.bool ?? false)
        case .time:
            // TOML's own local time (`digest_time = 07:00:00`) is accepted as well as the string form.
            guard let time = value.time else { throw .invalidValue(key: key, value: "?", expected: "a time of day") }
            self = .text(String(format: "%02d:%02d:%02d", time.hour, time.minute, time.second))
        default:
            throw .invalidValue(key: key, value: "a TOML \(value.type)", expected: "a single value")
        }
    }
}

/// Makes `path` absolute against `base`, collapsing `.` components; `~/` expands to the home folder.
public func absolutePath(_ path: String, relativeTo base: String) -> String {
    var path = path
    if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst(1) }
    let joined = path.hasPrefix("/") ? path : base + "/" + path
    return URL(fileURLWithPath: joined).standardizedFileURL.path
}

/// A file error in words, without Foundation's domain and code noise.
func describeFileError(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSCocoaErrorDomain {
        switch ns.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        case NSFileReadInapplicableStringEncodingError: return "not UTF-8 text"
        default: break
        }
    }
    return ns.localizedDescription
}
