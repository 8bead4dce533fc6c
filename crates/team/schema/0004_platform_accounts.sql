-- IDnow's Trust Platform beside the classic gateway. The registry says which API an account
-- speaks, so a classic account and a Trust Platform one with the same id and environment
-- (the two built-in sandboxes, or a company's client id equal to its company id) are two
-- accounts. A Trust Platform account's `company_id` is its OAuth client id, its
-- `gateway_url` (white-label) its API's base URL. Sessions are kept as identifications are,
-- with no personal data: the session id verbatim where the transaction number stands, the
-- result word (the End step's outcome, or the terminal status it ended in) and its
-- completion time (else its last update) as result and identified_at, which a decision
-- binds to as it does for an identification.

ALTER TABLE identdesk.accounts ADD COLUMN kind text NOT NULL DEFAULT 'classic'
    CHECK (kind IN ('classic', 'trust-platform'));
ALTER TABLE identdesk.accounts DROP CONSTRAINT accounts_company_id_environment_gateway_url_key;
ALTER TABLE identdesk.accounts ADD CONSTRAINT accounts_kind_company_id_environment_gateway_url_key
    UNIQUE (kind, company_id, environment, gateway_url);

-- A classic account, as before (its kind is the default).
CREATE OR REPLACE FUNCTION identdesk.register_account(p_request uuid, p_name text, p_company_id text, p_environment text,
                                                      p_gateway_url text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    RETURN identdesk._register_account(p_request, p_name, 'classic', p_company_id, p_environment, p_gateway_url);
END
$$;

-- A Trust Platform account: its OAuth client id, `sandbox` (built-in) or `white-label` with
-- the API's base URL.
CREATE FUNCTION identdesk.register_platform_account(p_request uuid, p_name text, p_client_id text,
                                                   p_environment text, p_api_url text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    RETURN identdesk._register_account(p_request, p_name, 'trust-platform', p_client_id, p_environment, p_api_url);
END
$$;

CREATE FUNCTION identdesk._register_account(p_request uuid, p_name text, p_kind text, p_company_id text,
                                            p_environment text, p_gateway_url text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_id uuid;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    PERFORM identdesk._text('account name', p_name, 200);
    -- A company id, or an OAuth client id (which may hold a few more characters).
    PERFORM identdesk._text('company id', p_company_id, 128, '^[A-Za-z0-9_.:@+-]+$');
    PERFORM identdesk._text('gateway URL', p_gateway_url, 300, '^https?://[^[:space:]]+$');
    INSERT INTO identdesk.accounts (name, kind, company_id, environment, gateway_url, registered_by)
    VALUES (p_name, p_kind, p_company_id, p_environment,
            CASE WHEN p_environment = 'white-label' THEN coalesce(p_gateway_url, '') ELSE '' END, session_user)
    ON CONFLICT (kind, company_id, environment, gateway_url) DO UPDATE SET name = excluded.name
    RETURNING id INTO v_id;
    PERFORM identdesk._audit('account.registered', v_id::text,
        pg_catalog.format('%s %s %s %s', p_kind, p_company_id, p_environment, coalesce(p_gateway_url, '')));
    PERFORM identdesk._event('accounts');
    RETURN identdesk._remember(p_request, 'register_account', pg_catalog.jsonb_build_object('account', v_id));
END
$$;

-- A replaced function loses its settings: its bounded wait is set again.
ALTER FUNCTION identdesk.register_account(uuid, text, text, text, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.register_platform_account(uuid, text, text, text, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk._register_account(uuid, text, text, text, text, text) SET lock_timeout = '3s';

DROP FUNCTION identdesk.accounts();

CREATE FUNCTION identdesk.accounts()
RETURNS TABLE (id uuid, name text, company_id text, environment text, gateway_url text, retention_days integer,
               unfinished_retention_days integer, kind text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY SELECT a.id, a.name, a.company_id, a.environment, a.gateway_url, a.retention_days,
                        a.unfinished_retention_days, a.kind
                   FROM identdesk.accounts a ORDER BY a.name;
END
$$;
