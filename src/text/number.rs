//! Number formatting for print: thousands separators, fixed decimals, percentages, one rounding rule.
