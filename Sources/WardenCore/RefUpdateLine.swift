import GitKit

/// One `<old> <new> <ref>` line of pre-receive (or pre-push) input.
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
        var updates: [RefUpdateLine] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[2].isEmpty else {
                throw InputError(message: "input line \(index + 1) is not '<old-id> <new-id> <ref>': \(trimmed.prefix(200))")
            }
            let old: ObjectID
            let new: ObjectID
            do {
                old = try ObjectID(hex: fields[0])
                new = try ObjectID(hex: fields[1])
            } catch {
                throw InputError(message: "input line \(index + 1): \(error)")
            }
            let ref = String(fields[2])
            guard isPlausibleRefName(ref) else {
                throw InputError(message: "input line \(index + 1): '\(ref.prefix(200))' is not a valid ref name")
            }
            updates.append(RefUpdateLine(old: old, new: new, ref: ref))
        }
        return updates
    }

    /// git's own check-ref-format rules that matter here: no control characters, no "..", no "@{", no trailing
    /// "." or ".lock", no empty or dot-led components.
    static func isPlausibleRefName(_ ref: String) -> Bool {
        guard ref == "HEAD" || ref.hasPrefix("refs/") else { return false }
        if ref.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "~")
            || $0 == UInt8(ascii: "^") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "*")
            || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) { return false }
        if ref.contains("..") || ref.contains("@{") || ref.hasSuffix(".") || ref.hasSuffix("/") { return false }
        return ref.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && !$0.hasPrefix(".") && !$0.hasSuffix(".lock")
        }
    }
}

public struct InputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
