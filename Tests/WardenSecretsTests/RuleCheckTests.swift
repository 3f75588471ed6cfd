import Testing
@testable import WardenSecrets

@Suite struct RuleCheckTests {
    @Test func reportsEachKindOfProblem() {
        var good = Fixtures.github
        good.positives = ["t = \(Fixtures.githubToken)"]
        good.negatives = ["t = ghp_tooshort"]
        var wrongExamples = Fixtures.aws
        wrongExamples.positives = ["no key here"]
        wrongExamples.negatives = ["k = \(Fixtures.awsKey)"]
        let broken = SecretRule(id: "broken", regex: "(unclosed", positives: ["x"], negatives: ["y"])
        let keystore = SecretRule(id: "keystore", regex: nil, path: #"\.jks$"#, positives: ["a/b.jks"],
                                  negatives: ["a/b.java"])
        let problems = RuleSet(rules: [good, wrongExamples, broken, keystore, good]).check()
        let summary = problems.map { "\($0.ruleID):\($0.kind)" }
        #expect(summary.contains("aws-access-key:positive"))
        #expect(summary.contains("aws-access-key:negative"))
        #expect(summary.contains("broken:regex"))
        #expect(summary.contains("github-pat:definition"))
        #expect(!summary.contains { $0.hasPrefix("keystore") })
        #expect(problems.first { $0.ruleID == "broken" }?.description.hasPrefix("error: rule 'broken'") == true)
    }

    @Test func missingExamplesAreWarnings() {
        let problems = RuleSet(rules: [Fixtures.github]).check()
        #expect(problems.map(\.kind) == [.examples])
        #expect(problems.allSatisfy { !$0.isError })
    }
}
