/// refs.c `check_refname_format(name, 0)`: what fsck uses to judge a tag's `tag` line (as `refs/tags/<name>`).
enum RefNameFormat {
    static func isValid(_ name: [UInt8]) -> Bool {
        if name == [UInt8(ascii: "@")] || name.isEmpty { return false }
        var componentStart = 0
        var last: UInt8 = 0
        var index = 0
        while true {
            let byte: UInt8 = index < name.count ? name[index] : 0
            if byte == 0 || byte == UInt8(ascii: "/") {
                let component = name[componentStart..<index]
                if component.isEmpty || component.first == UInt8(ascii: ".") { return false }
                if component.count >= 5, component.suffix(5).elementsEqual(".lock".utf8) { return false }
                if byte == 0 { break }
                componentStart = index + 1
                last = byte
                index += 1
                continue
            }
            if byte < 0x20 || byte == 0x7F { return false }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "~"), UInt8(ascii: "^"), UInt8(ascii: ":"), UInt8(ascii: "?"),
                 UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "*"):
                return false
            case UInt8(ascii: ".") where last == UInt8(ascii: "."):
                return false
            case UInt8(ascii: "{") where last == UInt8(ascii: "@"):
                return false
            default:
                break
            }
            last = byte
            index += 1
        }
        return name.last != UInt8(ascii: ".")
    }
}
