//! The sandbox's sample flows: document and selfie, document only, and one whose blocks
//! include a type IdentDesk does not know (`deviceSignals`).

pub struct SampleFlow {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Output block types a completed session of this flow has, besides `outcomeStatus`.
    pub outputs: &'static [&'static str],
}

pub const FLOWS: &[SampleFlow] = &[
    SampleFlow {
        id: "0197c55f-5af6-7e3d-af9b-f2359b104be8",
        name: "Document and selfie",
        description: "Captures an ID document and a selfie and compares them",
        outputs: &["documentData", "documentVerification"],
    },
    SampleFlow {
        id: "0197c55f-5af6-7e3d-af9b-f2359b104be9",
        name: "Document only",
        description: "Verifies identity by capturing and checking official ID documents",
        outputs: &["documentData"],
    },
    SampleFlow {
        id: "0197c55f-5af6-7e3d-af9b-f2359b104bea",
        name: "Document with device signals",
        description: "A document check with signals IdentDesk has no form for",
        outputs: &["documentData", "deviceSignals"],
    },
];

pub fn find(id: &str) -> Option<&'static SampleFlow> {
    FLOWS.iter().find(|flow| flow.id == id)
}
