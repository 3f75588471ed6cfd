import Foundation

/// `posix_spawn` with the glibc extensions the runner needs. Swift's Glibc module does not declare the `_np` file
/// actions nor `pipe2` (they sit behind `_GNU_SOURCE`), so they are looked up by name once; a libc without them
/// fails the run with that message rather than running commands in the wrong directory or with stray descriptors.
enum Spawn {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else {
            fatalError("TestSupport needs glibc's \(name) (glibc 2.34 or later)")
        }
        return unsafeBitCast(address, to: type)
    }

    nonisolated(unsafe) static let addChdir = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    nonisolated(unsafe) static let addClosefrom = symbol("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self)
    nonisolated(unsafe) static let pipe2 = symbol("pipe2", as: Pipe2.self)

    /// Starts `command` (an absolute executable and its arguments) in a new process group whose id is the child's
    /// pid, with the given standard streams and nothing else open, and default signal dispositions.
    static func start(_ command: [String], directory: String?, environment: [String: String],
                      stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        _ = addClosefrom(&actions, 3)
        if let directory { _ = addChdir(&actions, directory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD] { sigaddset(&defaults, number) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, command[0], &actions, &attributes, &argv, &envp)
        guard status == 0 else {
            throw TestSupportError("cannot start \(command.joined(separator: " ")): \(String(cString: strerror(status)))")
        }
        return pid
    }
}
