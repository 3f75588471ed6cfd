import Foundation
import WardenPolicy

/// The pre-receive step between judging a push and telling the pusher: reads the push's
/// `git-warden.bypass` option, applies it to the verdict (`Policy.applyBypass`), says what happened, and tells
/// `[notify]` of a granted bypass.
public enum BypassStep {
    public static let option = "git-warden.bypass"

    /// The bypass request among git's push options (`GIT_PUSH_OPTION_COUNT`, `GIT_PUSH_OPTION_<n>`), or nil when
    /// the push has none. git passes options only when the server sets `receive.advertisePushOptions`.
    public static func request(_ environment: [String: String]) -> BypassRequest? {
        guard let count = environment["GIT_PUSH_OPTION_COUNT"].flatMap({ Int($0) }), count > 0 else { return nil }
        var reasons: [String] = []
        for index in 0..<count {
            guard let value = environment["GIT_PUSH_OPTION_\(index)"] else { continue }
            if value == option {
                reasons.append("")
            } else if value.hasPrefix(option + "=") {
                reasons.append(String(value.dropFirst(option.count + 1)))
            }
        }
        return reasons.isEmpty ? nil : BypassRequest(reasons: reasons)
    }

    /// The pre-receive verdict step: applies the push's bypass request and keeps a granted bypass in the decision
    /// being recorded.
    static func step(_ verdict: Verdict, _ context: HookContext, output: (String) -> Void) -> Verdict {
        var record: Decision?
        context.record { record = $0 }
        guard let record else { return verdict }
        let (result, bypass) = run(verdict, policy: context.policy, pusher: context.pusher?.name,
                                   environment: context.environment, record: record, output: output)
        if let bypass { context.record { $0.bypass = bypass } }
        return result
    }

    /// Applies the push's bypass request to `verdict`; prints the outcome and returns the verdict to render and
    /// the record for the push log.
    public static func run(_ verdict: Verdict, policy: Policy, pusher: String?, environment: [String: String],
                           record: Decision, output: (String) -> Void) -> (verdict: Verdict, bypass: BypassRecord?) {
        let decision = policy.applyBypass(request(environment), pusher: pusher, to: verdict,
                                          ref: record.updates.first?.ref ?? "(push)")
        switch decision.outcome {
        case .notRequested, .refused:
            return (decision.verdict, nil)
        case .granted(var bypass):
            let count = bypass.bypassed.count == 1 ? "1 violation" : "\(bypass.bypassed.count) violations"
            output("git-warden: BYPASS by \(bypass.pusher): \(count) accepted as warnings; reason: \(bypass.reason)")
            VerdictReport.describe(bypass.bypassed).forEach(output)
            output("git-warden: this bypass is recorded in the push log" + (policy.attest == nil ? "." : " and the evidence."))
            if let notify = policy.notify {
                let event = BypassNotifier.Event(time: record.time, repository: record.repository, pusher: bypass.pusher,
                                                 reason: bypass.reason, updates: record.updates, bypassed: bypass.bypassed)
                bypass.notified = BypassNotifier.notify(notify, event: event)
                if bypass.notified != "ok" { output("git-warden: warning: the bypass notification \(bypass.notified ?? "")") }
            }
            return (decision.verdict, bypass)
        }
    }
}
