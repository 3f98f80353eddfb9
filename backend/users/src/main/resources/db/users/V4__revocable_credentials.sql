-- Credentials that can be taken back: a disabled account cannot sign in, and every token of an
-- account issued before tokens_not_before is refused by every service (UsersService/ListRevokedTokens).
ALTER TABLE account ADD COLUMN disabled_at timestamptz;
ALTER TABLE account ADD COLUMN tokens_not_before timestamptz;
CREATE INDEX account_tokens_not_before ON account (tokens_not_before) WHERE tokens_not_before IS NOT NULL;
