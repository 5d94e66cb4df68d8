import Testing
@testable import Core

@Suite("Figure disagreements")
struct FigureDisagreementTests {
    func report(_ value: Double, _ what: String = "people", event: String? = "killed", qualifier: String? = nil,
                by attribution: String? = nil, article: Int64, source: String? = nil) -> FigureDisagreement.Report {
        let text = (qualifier.map { $0 + " " } ?? "") + "\(Int(value)) \(what)"
        return .init(figure: Figure(text: text, value: value, qualifier: qualifier, what: what, event: event, attribution: attribution),
                     article: article, source: source)
    }

    @Test func twoSourcesGivingDifferentTollsDisagree() {
        let found = FigureDisagreement.find(in: [
            report(1_200, by: "Israeli officials", article: 1, source: "reuters"),
            report(1_400, by: "Israel's government", article: 2, source: "ap"),
        ])
        #expect(found.count == 1)
        #expect(found.first?.reports.map(\.figure.value) == [1_200, 1_400])
        #expect(found.first?.reports.map(\.source) == ["reuters", "ap"])
        #expect(found.first?.what == "people")
        #expect(found.first?.event == "killed")
    }

    @Test func roundedAndQualifiedVersionsOfOneFigureAgree() {
        let found = FigureDisagreement.find(in: [
            report(1_200, by: "Israeli officials", article: 1),
            report(12_300, by: "the Hamas government", article: 1),
            report(1_200, qualifier: "approximately", article: 2),
            report(12_000, qualifier: "over", by: "the Hamas government", article: 2),
        ])
        #expect(found.isEmpty, "\(found)")
    }

    /// One article giving both 1,200 and 12,300 shows they count different things; a third article's
    /// 1,400 answers the 1,200 and is not compared with the 12,300.
    @Test func countsOneArticleGivesTogetherAreDifferentThings() {
        let found = FigureDisagreement.find(in: [
            report(1_200, by: "Israeli officials", article: 1),
            report(12_300, by: "the Hamas government", article: 1),
            report(1_400, article: 2),
        ])
        #expect(found.count == 1)
        #expect(found.first?.reports.map(\.figure.value) == [1_200, 1_400])
        #expect(found.first?.reports.first?.figure.attribution == "Israeli officials")
    }

    @Test func differentEventsAndDistantValuesAreNotCompared() {
        #expect(FigureDisagreement.find(in: [report(40, event: "killed", article: 1), report(45, event: "injured", article: 2)]).isEmpty)
        #expect(FigureDisagreement.find(in: [report(40, article: 1), report(400, article: 2)]).isEmpty)
        #expect(FigureDisagreement.find(in: [report(40, "children", article: 1), report(45, article: 2)]).isEmpty)
    }

    @Test func pluralAndSingularNounsCountTheSameThing() {
        let found = FigureDisagreement.find(in: [report(3, "soldiers", article: 1), report(4, "soldier", article: 2)])
        #expect(found.count == 1)
    }
}
