//! Forms: plan definitions → the blank department input workbooks (one per 担当課).
