//! The PDF evaluation book: `Book` → laid-out pages (`layout`) → PDF bytes via printpdf (`emit`).
