import Foundation

/// A throw-away directory with helpers to run the real tools (git, ssh-keygen, gpg) inside it.
final class Sandbox: @unchecked Sendable {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("warden-sig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    struct Result {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `arguments` (first is the tool, looked up on PATH) in `directory` (default: root).
    @discardableResult
    func run(_ arguments: [String], in directory: String? = nil, env: [String: String] = [:], stdin: [UInt8]? = nil)
        throws -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root.path)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["HOME"] = root.path
        environment["GNUPGHOME"] = path("gnupg")
        environment["TZ"] = "UTC"
        for (key, value) in env { environment[key] = value }
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: Array(outData), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Like `run`, but a failure is a thrown error carrying the tool's stderr.
    @discardableResult
    func must(_ arguments: [String], in directory: String? = nil, env: [String: String] = [:]) throws -> Result {
        let result = try run(arguments, in: directory, env: env)
        guard result.status == 0 else {
            throw ToolFailure(description: "\(arguments.joined(separator: " ")) -> \(result.status): \(result.stderr)")
        }
        return result
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let description: String
    }
}
