//! Intake: reads workbooks from the input folder into raw submissions that remember their file, sheet and cell.
