//! Evaluation: clean records × plans → achievement (達成率), grades, summaries and history, as a `Book`.
