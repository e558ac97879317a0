//! The Excel evaluation book: `Book` → .xlsx bytes.
