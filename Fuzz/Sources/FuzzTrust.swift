import Foundation
@testable import WardenSignatures

/// The keys the signature targets trust: synthetic keys made for the seed corpus (`Fuzz/corpus/README.md`), so
/// that a seed signature reaches the cryptographic check and the trust decision, not just the parser. Public
/// halves only; the private keys were thrown away after signing the seeds.
enum FuzzTrust {
    /// ssh-ed25519, ecdsa-sha2-nistp256 and rsa keys by principal, plus a CA for certificates.
    static let allowedSigners = #"""
alice@example.com namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICM7TRkMQjuk7J1n+qS3cAHLzZofjep06EVhWiQdqvZm
alice@example.com namespaces="git" ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJTZxF8nDmjPpc5BwJHujDYtQ5nSgfiDtpqxfiGc9IWQGkByqvO7NaJ19WyE6Kgxyf3BFPDUv4zPcvDABy9utoQ=
alice@example.com namespaces="git" ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDGObHS7TZkbFRWCmWzmzHu3s4z4XAu7PeIsSQ/sWNLFjulayp2GDJPF2Z0iWZWyu54jWKS93IpvFWb4U6ErJ0AaknEo25rLu26tJRQ/kKRf/Cscop3E4rPczuJK4RQeFkkUXuPiGyDkdh/iULowQ2+hNPC2Cu+QpGSM+NRG5a86lxV4OqACVeb4M6+zyBxy1PgJhTlozCjluAFp8+NLS7/hh+ifsZFf8F0yELbnqdIzA0h3TDaeydx8c3xPqogziF6qkSgwKffFAyN+TWZRn837K10sOB8HoUtgnUrpstwEc4l2MKp1/x3zlbsi95L3e5HjQuHyFDMAqNusIUVIXRn5JaPMamdTHNqcLHhAK2yWV+gpjhj8m1kYeSS1OS/dIfVMTup68o+i0fYuBXiEMSDv1eLzZsq1bZ0wcd64+3lWJAw6ynWiAN/mTJ9J8VeiUQpmhW/cWcAa3dgQuSoCRo1Z3T7C+EK9BVrcb+O6bdYFVW+Wrh9P83mxzdj7k3P7wE=
*@example.com cert-authority ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILR4U9cUw9UZYEfaQnI8iZfEMOioj1/e/v+JA1G0Hcct
"""#

    /// OpenPGP certificates (ed25519, rsa2048, nistp256) as `gpg --export --armor` wrote them.
    static let keyring = #"""
-----BEGIN PGP PUBLIC KEY BLOCK-----

mDMEaw7ZXRYJKwYBBAHaRw8BAQdAcjBZ9+pphnGCJja+pYH7xO5aKPc76o33fDBB
N9PHRkS0HkZ1enogQWxpY2UgPGFsaWNlQGV4YW1wbGUuY29tPoiWBBMWCAA+FiEE
CJnMgkKjOp2ImM1Ukcf4aIn8QDkFAmsO2V0CGwMFCQPCZwAFCwkIBwIGFQoJCAsC
BBYCAwECHgECF4AACgkQkcf4aIn8QDlgDwEA8zBQYVEs1EA0e1Y8QqJwp9GmyyBg
WElJQOHiJtxIiO0BAMEStSl6odgk3wAAn18JNFUp2gTWn7irG1Y0dJkbGPgN
=nhwT
-----END PGP PUBLIC KEY BLOCK-----
-----BEGIN PGP PUBLIC KEY BLOCK-----

mQENBGsO2V4BCAC9bBh3X1ruwQuYlCwvAKUakbPZU7Z8cI27W0iknleS9/DnLvwn
E4gYGs4EwW8mVrrhOul1zeMv83Aq7TXeSPEKNGWMqxabiwbXZw2+yH46VFpGuWJb
g2kiiBzyUdp9W0z0vWUKgygDgyCBwV8BGckCkM3KVFDTwMZ5uJ9t02+WYoFmycJ/
1RnJCUy0D0felfh9Q/LXRiA4Fi8w6mAe5SVWNFco0CyjaY5YVBhO5/D4jbPVis4u
MMPrSSmBFZNvjOzKCAmrr7qlTRpxLyg3DapV8JElfWREZ2wlRF4ueGCSwkEEz1sn
xN91LatxRpvp71F51H88yZ+GvTGF5jkCvhntABEBAAG0GkZ1enogUnNhIDxyc2FA
ZXhhbXBsZS5jb20+iQFUBBMBCgA+FiEERVeDL4Z+IEGpxkIcWWqTMRnVLvIFAmsO
2V4CGwMFCQPCZwAFCwkIBwIGFQoJCAsCBBYCAwECHgECF4AACgkQWWqTMRnVLvKt
vggAsZNI/Oc5WYMKwvVKXjUj9NQEcgKStOOz1hcBpJ+a0KJHSNtQjEPLQZOuT5pO
8taLlK/vhk5eSyNXrL4SZgwueiIPVdHhh68qowm20o9UogGCTxT0+WRhcBuZZ+mq
9YtPDItBa5RzliQrjXBtG5krXEUV+I0XK4SMWJH4Mdshc2vs9QcQR33d6O125o2n
i0XvgzMzhVHfTDBqn5blrRYGNmk2RyA73UACdvVGGy2n68xoM0s/olTHM8APH3iN
3F3tLNoj+gOZ4EHV+7y20JmzTKFglVcFwfe3yPaIqpm/1nPWBilJ3/OjybowIJOX
ovizMuTtOIomtPoUrzjf7JbRqQ==
=IN85
-----END PGP PUBLIC KEY BLOCK-----
-----BEGIN PGP PUBLIC KEY BLOCK-----

mFIEaw7ZXhMIKoZIzj0DAQcCAwRO2TDG9KHXg/YqpR4PZYAQGYWITnGEqclT1fz4
dDtyzm1DGiHfQ8l6pv/58lARaiJzdQb5rbfgtK7CSyYp7wT+tB5GdXp6IEVjZHNh
IDxlY2RzYUBleGFtcGxlLmNvbT6IlgQTEwgAPhYhBIkiWj0cqE3TQavWSv+7aNO/
sGSiBQJrDtleAhsDBQkDwmcABQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJEP+7
aNO/sGSiMKUBALpxIK7avtsZGc1XSWGIot7Gbb/ClRCRd+Um7DUb16UOAQDhUY5F
nAzBBnBK7E4LAHFywAxtaOyskbmmeUkrj7B5jw==
=4LcJ
-----END PGP PUBLIC KEY BLOCK-----
"""#

    static let keys: TrustedKeys = {
        do {
            return TrustedKeys(allowedSigners: try AllowedSigners(parsing: allowedSigners, source: "fuzz allowed_signers"),
                               openPGPKeys: try OpenPGPKeyring(armored: keyring, source: "fuzz keyring"))
        } catch {
            fatalError("the fuzz targets' own trusted keys do not parse: \(error)")
        }
    }()

    /// The seeds were signed at 1700000000 (SSH) and in December 2026 (OpenPGP keys made then, valid two years);
    /// a fixed clock keeps a run reproducible.
    static let now = Date(timeIntervalSince1970: 1_796_200_000)

    /// The payload the seed SSH and OpenPGP detached signatures sign (`Fuzz/corpus/README.md`).
    static let payload = Array("""
        tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
        author Fuzz <alice@example.com> 1700000000 +0000
        committer Fuzz <alice@example.com> 1700000000 +0000

        seed commit

        """.utf8)
}
