import Foundation
import WardenEvidence

/// Test helper for the push log: `pushlog-helper LOG COUNT PAD` appends COUNT entries (each with PAD bytes of
/// padding, so a write takes long enough to be interrupted) to the chain in LOG, writing the checkpoint after each
/// as the hook does. COUNT 0 appends until killed (and stops by itself after 60 seconds, so a test that fails to
/// kill it leaves nothing running).
let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]), let pad = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: pushlog-helper LOG COUNT PAD\n".utf8))
    exit(2)
}
let file = arguments[1]
let padding = String(repeating: "p", count: pad)
let deadline = Date().addingTimeInterval(60)
var index = 0
while count == 0 ? Date() < deadline : index < count {
    index += 1
    let object = Data("{\"event\":\"test\",\"index\":\(index),\"pad\":\"\(padding)\",\"pid\":\(getpid())}".utf8)
    let appended = try PushLog.append(object: object, to: file) { appended in
        try Checkpoint(entries: appended.seq, head: appended.hash, time: "\(Date().timeIntervalSince1970)")
            .write(forLog: file, key: nil)
    }
    if count == 0 { FileHandle.standardOutput.write(Data("\(appended.seq)\n".utf8)) }
}
