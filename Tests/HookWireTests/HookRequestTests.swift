import Foundation
import HookWire
import Testing

/// The hook service's wire format: what a relay sends decodes to exactly what it meant, and anything else is refused
/// with the part that is wrong named, before it can cost memory.
@Suite struct HookRequestTests {
    static let request = HookRequest(
        hook: "pre-receive", arguments: ["origin", "ssh://example/x.git"],
        environment: [Array("GIT_DIR=.".utf8), Array("EMPTY=".utf8), Array("EQUALS=a=b".utf8), [0x4E, 0x3D, 0xFF, 0xFE],
                      Array("NOEQUALS".utf8), Array("GIT_DIR=second".utf8)],
        workingDirectory: "/srv/git/x.git", umask: 0o027)

    static func body(_ message: [UInt8]) -> [UInt8] { Array(message.dropFirst(HookRequest.magic.count + 4)) }

    @Test func roundTrip() throws {
        let message = Self.request.encoded()
        #expect(try HookRequest.bodyLength(header: Array(message.prefix(12))) == message.count - 12)
        #expect(try HookRequest.decode(body: Self.body(message)) == Self.request)
    }

    @Test func environmentDecodesAsAProcessDecodesItsOwn() {
        let environment = Self.request.environmentDictionary
        #expect(environment["GIT_DIR"] == ".")  // the first of two, as getenv finds it
        #expect(environment["EMPTY"] == "")
        #expect(environment["EQUALS"] == "a=b")
        #expect(environment["N"] == "\u{FFFD}\u{FFFD}")  // invalid UTF-8 replaced, as ProcessInfo does
        #expect(environment["NOEQUALS"] == nil)
        #expect(environment.count == 4)
    }

    @Test func badHeadersAreRefused() {
        var header = Self.request.encoded().prefix(12).map { $0 }
        header[0] = UInt8(ascii: "X")
        #expect(throws: HookRequest.Malformed("not a git-warden hook request (bad magic)")) {
            try HookRequest.bodyLength(header: header)
        }
        #expect(throws: HookRequest.Malformed.self) { try HookRequest.bodyLength(header: Array(header.prefix(5))) }
        let huge = HookRequest.magic + [0x7F, 0xFF, 0xFF, 0xFF]
        #expect(throws: HookRequest.Malformed("request body of 2147483647 bytes exceeds \(HookRequest.largestBody)")) {
            try HookRequest.bodyLength(header: huge)
        }
    }

    @Test func everyTruncationIsRefusedNamingThePart() {
        let body = Self.body(Self.request.encoded())
        var messages: Set<String> = []
        for length in 0..<body.count {
            do {
                _ = try HookRequest.decode(body: Array(body.prefix(length)))
                Issue.record("a body cut at \(length) of \(body.count) bytes decoded")
            } catch {
                messages.insert(error.description)
            }
        }
        #expect(messages.contains("request ends inside the length of the hook name"))
        #expect(messages.contains("request ends inside the working directory"))
        #expect(messages.contains("request ends inside the umask"))
        #expect(messages.contains("request ends inside the argument 2"))
        #expect(messages.contains("request ends inside the environment entry 6"))
        #expect(throws: HookRequest.Malformed("1 bytes after the last environment entry")) {
            try HookRequest.decode(body: body + [0])
        }
    }

    @Test func countsAndTextAreBounded() {
        func string(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
        func integer(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
        let many = string(Array("pre-push".utf8)) + string([]) + integer(0) + integer(1_000_000)
        #expect(throws: HookRequest.Malformed("argument count 1000000 exceeds \(HookRequest.mostEntries)")) {
            try HookRequest.decode(body: many)
        }
        let notText = string([0x70, 0xFF]) + string([]) + integer(0) + integer(0) + integer(0)
        #expect(throws: HookRequest.Malformed("the hook name is not UTF-8 text without NUL")) {
            try HookRequest.decode(body: notText)
        }
        let withNul = string([0x70, 0x00]) + string([]) + integer(0) + integer(0) + integer(0)
        #expect(throws: HookRequest.Malformed.self) { try HookRequest.decode(body: withNul) }
    }

    @Test func repliesAndSocketPaths() throws {
        #expect(HookReply.accepted.encoded() == [UInt8(ascii: "A")])
        #expect(HookReply.exited(-1).encoded() == [UInt8(ascii: "X"), 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(HookReply.refused("busy").encoded() == [UInt8(ascii: "R"), 0, 0, 0, 4] + Array("busy".utf8))
        #expect(HookSocketPath.resolve(nil, uid: 1001) == "/tmp/git-warden-1001/hook.sock")
        #expect(HookSocketPath.resolve("", uid: 1001) == nil)
        #expect(HookSocketPath.resolve("off", uid: 1001) == nil)
        #expect(HookSocketPath.resolve("/run/x.sock", uid: 1001) == "/run/x.sock")
        #expect(throws: HookSocketError.self) { try HookConnection.socketAddress(String(repeating: "a", count: 108)) }
    }

    /// A real socket pair: descriptors ride with the request, replies come back whole across short reads.
    @Test func descriptorsTravelWithTheRequest() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let relay = HookConnection(descriptor: pair[0]), service = HookConnection(descriptor: pair[1])
        defer { relay.close() }
        let file = open("/dev/null", O_RDONLY)
        defer { close(file) }
        let message = Self.request.encoded()
        try relay.send(message, descriptors: [file])
        let (header, descriptors) = try service.receive(12, descriptorCapacity: 4)
        #expect(descriptors.count == 1)
        var status = stat(), original = stat()
        #expect(fstat(descriptors[0], &status) == 0 && fstat(file, &original) == 0)
        #expect(status.st_ino == original.st_ino && status.st_dev == original.st_dev)
        descriptors.forEach { close($0) }
        let (body, _) = try service.receive(try HookRequest.bodyLength(header: header))
        #expect(try HookRequest.decode(body: body) == Self.request)
        #expect(try service.peer().uid == geteuid())
        try service.send(HookReply.accepted.encoded() + HookReply.exited(3).encoded())
        #expect(try relay.reply() == .accepted)
        #expect(try relay.reply() == .exited(3))
        service.close()
        #expect(throws: HookSocketError.self) { try relay.reply() }
    }
}
