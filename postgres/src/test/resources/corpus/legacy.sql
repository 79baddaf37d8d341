-- corpus_legacy: the quirks of a long-lived database. Columns dropped over the years, inheritance
-- whose parent gained a column after its children were created, row-level security policies and
-- grants naming roles (app_reader, app_writer: created by the Corpus fixture), a table in a
-- tablespace (corpus_space) and large objects (OIDs 424201..424204, one readable by app_reader only).
CREATE TABLE public.accounts (id serial PRIMARY KEY, owner_name text NOT NULL, obsolete integer, balance numeric(12, 2) DEFAULT 0);
INSERT INTO public.accounts (owner_name, obsolete, balance) SELECT 'owner ' || i, i, i * 3.5 FROM generate_series(1, 500) i;
ALTER TABLE public.accounts DROP COLUMN obsolete;
ALTER TABLE public.accounts ADD COLUMN note text DEFAULT 'added later';
ALTER TABLE public.accounts DROP COLUMN note;
ALTER TABLE public.accounts ADD COLUMN opened_on date NOT NULL DEFAULT DATE '2020-01-01';

CREATE TABLE public.events (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), retired text, payload jsonb);
CREATE TABLE public.login_events (ip inet NOT NULL) INHERITS (public.events);
CREATE TABLE public.call_events (duration interval, CHECK (duration >= interval '0')) INHERITS (public.events);
ALTER TABLE public.events DROP COLUMN retired;
ALTER TABLE public.events ADD COLUMN source text NOT NULL DEFAULT 'app';
INSERT INTO public.events (payload) SELECT jsonb_build_object('n', i) FROM generate_series(1, 100) i;
INSERT INTO public.login_events (payload, ip) SELECT jsonb_build_object('n', i), ('10.0.0.' || (i % 250))::inet FROM generate_series(1, 300) i;
INSERT INTO public.call_events (payload, duration, source) SELECT NULL, i * interval '1 second', 'pbx' FROM generate_series(1, 200) i;

CREATE TABLE public.notes (id serial PRIMARY KEY, author text NOT NULL DEFAULT current_user, body text);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_read_own ON public.notes FOR SELECT TO app_reader USING (author = current_user);
CREATE POLICY notes_write ON public.notes AS PERMISSIVE FOR ALL TO app_writer USING (true) WITH CHECK (author = current_user);
CREATE POLICY notes_no_spam ON public.notes AS RESTRICTIVE FOR INSERT TO app_writer, app_reader WITH CHECK (body NOT LIKE '%spam%');
INSERT INTO public.notes (author, body) SELECT CASE WHEN i % 2 = 0 THEN 'app_reader' ELSE 'someone' END, 'note ' || i FROM generate_series(1, 120) i;
CREATE TABLE public.audit (at timestamptz DEFAULT now(), what text);
ALTER TABLE public.audit ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON public.notes, public.accounts TO app_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.notes TO app_writer;
GRANT USAGE ON SEQUENCE public.notes_id_seq TO app_writer;

CREATE TABLE public.archive (id integer PRIMARY KEY, body text) TABLESPACE corpus_space;
INSERT INTO public.archive SELECT i, repeat('archived ', 20) || i FROM generate_series(1, 1000) i;

CREATE TABLE public.documents (id integer PRIMARY KEY, title text, content oid);
SELECT lo_from_bytea(424201, convert_to('hello, large object', 'UTF8'));
SELECT lo_from_bytea(424202, decode(repeat('00ff10ab', 300000), 'hex'));
SELECT lo_from_bytea(424203, ''::bytea);
SELECT lo_from_bytea(424204, convert_to('readable by app_reader', 'UTF8'));
GRANT SELECT ON LARGE OBJECT 424204 TO app_reader;
INSERT INTO public.documents VALUES (1, 'greeting', 424201), (2, 'binary', 424202), (3, 'empty', 424203), (4, 'shared', 424204);
ANALYZE;
