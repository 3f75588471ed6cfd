/// The printable form of a secret: a short prefix, an ellipsis and the length.
///
/// The prefix lets a person recognise which credential leaked (`ghp_`, `AKIA`) without the output itself becoming
/// a leak. It never shows more than a quarter of the secret, so even a short secret is never printed whole.
enum Redaction {
    static func redact(_ secret: String) -> String {
        let count = secret.count
        return String(secret.prefix(min(4, count / 4))) + "…(\(count))"
    }
}
