-- Identity: why a code was issued. A first-activation code (ACTIVATION) only ever goes to an account not activated yet
-- (PENDING); a RESET code follows an explicit reset by staff or the operator, which cleared the password first, and the
-- owner sees it on their profile (who, when). Codes issued before this column existed count as first-activation codes.
ALTER TABLE activation_code
    ADD COLUMN purpose text NOT NULL DEFAULT 'ACTIVATION' CHECK (purpose IN ('ACTIVATION', 'RESET'));
-- The profile page reads an account's last resets.
CREATE INDEX activation_code_reset_idx ON activation_code (account_id, issued_at DESC) WHERE purpose = 'RESET';
