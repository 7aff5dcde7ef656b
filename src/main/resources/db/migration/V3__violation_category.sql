-- The category the entity contract gives each rule (format, completeness, domain, ...).
ALTER TABLE dq_violations ADD COLUMN category text;
