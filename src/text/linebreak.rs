//! Line breaking for Japanese: UAX #14 opportunities with JIS kinsoku (禁則) rules.
