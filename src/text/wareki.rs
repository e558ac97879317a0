//! 和暦 and fiscal years: parse 2024 / 2024年度 / 令和6年度 / R6 / 平成30年度 / H30, print 令和6年度（2024年度）.
