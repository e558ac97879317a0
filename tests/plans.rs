#[test]
fn raw_parse() {
    let s = std::fs::read_to_string("plans/azumino-4th.toml").unwrap();
    let p: hyoka::plan::PlanSet = toml::from_str(&s).unwrap();
    assert_eq!(p.plans.len(), 29);
    let j = serde_json::to_string(&p).unwrap();
    let q: hyoka::plan::PlanSet = serde_json::from_str(&j).unwrap();
    assert_eq!(p, q);
}
