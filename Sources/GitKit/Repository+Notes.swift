internal import CLibGit2

extension Repository {
    /// The note on `object` under `notesRef` (e.g. refs/notes/commits), or nil when there is none.
    public func note(on object: ObjectID, notesRef: String) throws(GitError) -> String? {
        var note: OpaquePointer?
        var oid = object.gitOID
        let code = git_note_read(&note, pointer, notesRef, &oid)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read note on \(object.hex) in", notesRef)
        defer { git_note_free(note) }
        guard let message = git_note_message(note) else { return "" }
        return String(cString: message)
    }

    /// Replaces the note on `object` under `notesRef` with `text` (a new commit on the notes ref, as `git notes add
    /// -f` makes), authored by `name <email>` now. Callers that append read the note first, under their own lock.
    public func setNote(on object: ObjectID, notesRef: String, text: String, name: String, email: String) throws(GitError) {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, name, email), "make the notes signature")
        defer { git_signature_free(signature) }
        var oid = object.gitOID
        var created = git_oid()
        try check(git_note_create(&created, pointer, notesRef, signature, signature, &oid, text, 1),
                  "write note on \(object.hex) in", notesRef)
    }
}
