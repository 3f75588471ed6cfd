import WardenCore

extension FuzzTarget {
    /// The pre-receive input: `<old> <new> <ref>` lines, decoded from stdin bytes as the command
    /// decodes them.
    static let preReceive = FuzzTarget(name: "pre-receive", summary: "RefUpdateLine.parse on hook input") { bytes in
        guard let updates = try? RefUpdateLine.parse(String(decoding: bytes, as: UTF8.self)) else { return }
        for update in updates { _ = (update.isCreation, update.isDeletion, update.ref.utf8.count) }
    }
}
