import Foundation
import GitKit

/// One ref update: a `<old> <new> <ref>` line of pre-receive input, or a line of pre-push input read as the
/// update of the remote's ref (`PrePushHook.updates`).
public struct RefUpdateLine: Sendable, Hashable {
    public var old: ObjectID
    public var new: ObjectID
    public var ref: String

    public init(old: ObjectID, new: ObjectID, ref: String) {
        self.old = old
        self.new = new
        self.ref = ref
    }

    public var isCreation: Bool { old.isZero }
    public var isDeletion: Bool { new.isZero }

    /// Parses git's hook input, naming the line of any malformed entry. A malformed line is an error, not a line
    /// to skip: the guard must judge every update it is shown.
    public static func parse(_ input: String) throws(InputError) -> [RefUpdateLine] {
        try parse(bytes: Array(input.utf8))
    }

    /// Parses the exact bytes git wrote. Ref names are bytes to git; the policy's globs are UTF-8 text, so a name
    /// that is not valid UTF-8 cannot be judged unambiguously and is rejected, its bytes escaped in the message
    /// (never judged under a U+FFFD-substituted name). So is anything git itself never sends: a CR before the LF,
    /// upper-case or short ids, a name `check-ref-format` refuses.
    public static func parse(bytes input: [UInt8]) throws(InputError) -> [RefUpdateLine] {
        var updates: [RefUpdateLine] = []
        for (index, line) in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.isEmpty { continue }
            if line.last == UInt8(ascii: "\r") {
                throw InputError(message: "input line \(number) ends with a carriage return (CRLF): git sends LF-only "
                                 + "lines, so this input did not come from git: \(escaped(line.prefix(200)))")
            }
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[2].isEmpty else {
                throw InputError(message: "input line \(number) is not '<old-id> <new-id> <ref>': \(escaped(line.prefix(200)))")
            }
            let old = try objectID(fields[0], line: number)
            let new = try objectID(fields[1], line: number)
            updates.append(RefUpdateLine(old: old, new: new, ref: try refName(fields[2], line: number)))
        }
        return updates
    }

    /// A ref name field, as git's hooks are given it: valid UTF-8 (policy patterns are UTF-8 text) and a name git's
    /// `check-ref-format` accepts.
    static func refName(_ field: ArraySlice<UInt8>, line number: Int) throws(InputError) -> String {
        guard let ref = String(validating: field, as: UTF8.self) else {
            throw InputError(message: "input line \(number): ref name \(escaped(field.prefix(200))) is not valid "
                             + "UTF-8; policy patterns are UTF-8 text, so it cannot be judged (rename the ref)")
        }
        guard isPlausibleRefName(ref) else {
            throw InputError(message: "input line \(number): \(escaped(field.prefix(200))) is not a valid ref name")
        }
        return ref
    }

    /// Updates git could not have announced for this repository: an old id (other than zero) the repository does
    /// not have. receive-pack takes the old id from the ref it is about to update, so such a line is forged or
    /// the repository is damaged; judging `old..new` from an unknown old id would judge the wrong range.
    ///
    /// Both ids zero: git sends that only to delete a ref whose value it could not read (a symbolic link ref, which
    /// the symbolic-ref step judges with its target's real value); for a name with nothing behind it, it is a line
    /// git could not have sent.
    public static func checkObjectsExist(_ updates: [RefUpdateLine], in repository: Repository) throws(InputError) {
        for update in updates where update.old.isZero && update.new.isZero {
            var status = stat()
            let loose = lstat(repository.gitDirectory + "/" + update.ref, &status) == 0
            let resolved = ((try? repository.resolve(update.ref)) ?? nil) != nil
            guard loose || resolved else {
                throw InputError(message: "\(update.ref): both ids are zero and no such ref exists (neither a creation "
                                 + "nor a deletion); git never sends such a line")
            }
        }
        for update in updates where !update.old.isZero && !repository.contains(update.old) {
            throw InputError(message: "\(update.ref): old id \(update.old.hex) does not exist in this repository; "
                             + "git announces the ref's current value, so this update cannot be judged")
        }
    }

    /// 40 lower-case hexadecimal digits, as git writes them (SHA-256 ids get their own message from `ObjectID`).
    static func objectID(_ field: ArraySlice<UInt8>, line: Int) throws(InputError) -> ObjectID {
        if field.count == 40, !field.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
            throw InputError(message: "input line \(line): \(escaped(field)) is not 40 lower-case hexadecimal digits")
        }
        do {
            return try ObjectID(hex: String(decoding: field, as: UTF8.self))
        } catch {
            throw InputError(message: "input line \(line): \(error)")
        }
    }

    /// git's check-ref-format rules (refs.c, `check_refname_format` without flags): no control characters, space,
    /// `~ ^ : ? * [ \`, no "..", no "@{", not "@", no trailing "/" or ".", no empty or dot-led components, none
    /// ending in ".lock". receive-pack also requires the `refs/` prefix.
    static func isPlausibleRefName(_ ref: String) -> Bool {
        guard ref == "HEAD" || ref.hasPrefix("refs/") else { return false }
        if ref.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "~")
            || $0 == UInt8(ascii: "^") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "*")
            || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) { return false }
        if ref.contains("..") || ref.contains("@{") || ref.hasSuffix(".") || ref.hasSuffix("/") { return false }
        return ref.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && !$0.hasPrefix(".") && !$0.hasSuffix(".lock") && $0 != "@"
        }
    }

    /// Bytes for a message or log: printable ASCII as is, everything else as `\xNN`, quoted.
    static func escaped(_ bytes: some Collection<UInt8>) -> String {
        var text = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): text += "\\" + String(UnicodeScalar(byte))
            case 0x20..<0x7F: text.append(Character(UnicodeScalar(byte)))
            default:
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text + "\""
    }
}

public struct InputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
