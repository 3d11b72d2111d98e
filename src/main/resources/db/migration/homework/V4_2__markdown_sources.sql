-- Teachers write Markdown (ADR 0024): what they typed is kept next to the HTML rendered from it, so that the editor
-- shows their text and pages keep rendering the stored, already sanitised HTML as is.
-- NULL: written before this migration, when the HTML was the only form. The HTML stays as it was rendered; the
-- editor derives a Markdown source from it (RichText.sourceOf) and the next save stores both.
ALTER TABLE homework_entry ADD COLUMN seance_source text;
ALTER TABLE homework_work ADD COLUMN instructions_source text;
