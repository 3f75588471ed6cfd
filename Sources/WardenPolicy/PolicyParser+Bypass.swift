import WardenTOML

extension PolicyParser {
    static let bypassKeys: Set<String> = ["pushers"]
    static let notifyKeys: Set<String> = ["command", "timeout"]

    static func parseBypass(_ table: TOMLTable) throws(TOMLError) -> BypassSettings {
        try table.rejectUnknownKeys(allowed: bypassKeys, context: "[bypass]")
        guard let pushers = try table.strings("pushers") else {
            throw table.error("[bypass] needs 'pushers', the pushers who may break the glass, e.g. pushers = [\"alice\"]")
        }
        if let blank = pushers.first(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw table.error("[bypass] pushers names an empty pusher \"\(blank)\"", key: "pushers")
        }
        var settings = BypassSettings(pushers: pushers)
        settings.line = table.position.line
        return settings
    }

    static func parseNotify(_ table: TOMLTable) throws(TOMLError) -> NotifySettings {
        try table.rejectUnknownKeys(allowed: notifyKeys, context: "[notify]")
        guard let command = try table.strings("command"), let program = command.first, !program.isEmpty else {
            throw table.error("[notify] needs 'command', a program and its arguments, e.g. command = [\"/usr/local/bin/notify-bypass\"]",
                              key: table["command"] == nil ? nil : "command")
        }
        var settings = NotifySettings(command: [besidePolicy(program, source: table.source)] + command.dropFirst())
        if let seconds = try table.duration("timeout") { settings.timeoutSeconds = seconds }
        settings.line = table.position.line
        return settings
    }
}
