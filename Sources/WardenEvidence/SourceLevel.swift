import Foundation
import WardenPolicy

/// The SLSA source level of one revision on one ref, computed from facts (the controls in force, the pusher, the
/// previous revision's verified provenance) as a value.
///
/// - L1: always (a revision with a VSA on a repository with a stable URI).
/// - L2: `block-force-push` and `block-deletion` enforced on the ref (for tags that makes them immutable), an
///   authenticated pusher (any pusher source but the `unix-user` fallback), and an unbroken provenance chain: the
///   update created the ref, or the previous revision's provenance is present, signed by this server and names the
///   same ref.
/// - L3: L2, and those two controls continuously enforced: carried over from the previous provenance, or in force
///   since the ref was created. A gap in the chain, a control that was enforced before and is not now (a weakened
///   policy) or that is only evaluated restarts every control's continuity at this revision, so L3 returns at the
///   next update. A break-glass bypass does the same, and the controls it bypassed are not enforced on that
///   revision (a bypassed force push or deletion makes it L1). `ORG_SOURCE_*` properties are claimed only for controls enforced on the ref and continuous.
/// - L4 needs two-party review, which a plain git server does not have: never claimed.
public struct SourceLevel: Sendable, Equatable {
    public var level: Int
    public var limits: [String]
    public var controls: [SourceProvenance.ControlState]
    public var properties: [String]

    public static let coreControls: [Control] = [.blockForcePush, .blockDeletion]

    public static func compute(ref: String, revision: String, time: String, created: Bool,
                               controls: [Control: EnforcementMode], authenticated: Bool,
                               previous: SourceProvenance?, properties: [(name: String, control: Control)],
                               bypassed: Set<Control>? = nil) -> SourceLevel {
        let previousEnforced: [String: SourceProvenance.ControlState] = Dictionary(
            (previous?.controls ?? []).filter { $0.mode == .enforce && $0.since != nil }.map { ($0.name, $0) },
            uniquingKeysWith: { first, _ in first })
        let weakened = previousEnforced.keys.filter { name in Control(rawValue: name).map { controls[$0] != .enforce } ?? true }.sorted()
        let gap = !created && previous == nil
        // A bypass (nil: none on this ref) suspends the controls it bypassed for this revision and restarts every
        // control's continuity: the next revision starts them afresh, as after a weakened policy.
        let restart = gap || !weakened.isEmpty || bypassed != nil
        let suspended = bypassed ?? []
        var states: [SourceProvenance.ControlState] = []
        var continuous: Set<Control> = []
        for control in Control.allCases {
            guard let mode = controls[control] else { continue }
            guard mode == .enforce else {
                states.append(.init(name: control.rawValue, mode: mode, since: nil, sinceTime: nil))
                continue
            }
            guard !suspended.contains(control) else {
                states.append(.init(name: control.rawValue, mode: mode, since: nil, sinceTime: nil, bypassed: true))
                continue
            }
            if !restart, let carried = previousEnforced[control.rawValue] {
                states.append(carried)
                continuous.insert(control)
            } else {
                states.append(.init(name: control.rawValue, mode: .enforce, since: revision, sinceTime: time))
                if created && bypassed == nil { continuous.insert(control) }
            }
        }
        var limits: [String] = []
        let missing = coreControls.filter { controls[$0] != .enforce }
        if !missing.isEmpty {
            limits.append("not enforced on \(ref): " + missing.map(\.rawValue).joined(separator: ", "))
        }
        let suspendedCore = coreControls.filter { controls[$0] == .enforce && suspended.contains($0) }
        if !suspendedCore.isEmpty {
            limits.append("bypassed on this revision: " + suspendedCore.map(\.rawValue).joined(separator: ", "))
        }
        if !authenticated { limits.append("the pusher is not authenticated (only the Unix account is known)") }
        if gap { limits.append("the previous revision has no valid provenance for \(ref) (a gap in the chain)") }
        var level = limits.isEmpty ? 2 : 1
        if let bypassed {
            let names = Control.allCases.filter(bypassed.contains).map(\.rawValue)
            limits.append("a break-glass bypass" + (names.isEmpty ? "" : " of " + names.joined(separator: ", "))
                          + " restarts continuity")
        }
        if level == 2 {
            if !weakened.isEmpty {
                limits.append("controls no longer enforced since the previous revision: " + weakened.joined(separator: ", "))
            }
            let broken = coreControls.filter { !continuous.contains($0) }
            if broken.isEmpty && weakened.isEmpty {
                level = 3
            } else if !broken.isEmpty {
                limits.append("continuity restarts here for " + broken.map(\.rawValue).joined(separator: ", "))
            }
        }
        let claimed = level < 3 ? [] : properties.filter { continuous.contains($0.control) && controls[$0.control] == .enforce }.map { $0.name }
        return SourceLevel(level: level, limits: limits, controls: states, properties: claimed)
    }
}
