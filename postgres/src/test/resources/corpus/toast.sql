-- corpus_toast: one 51 MB text value (hex digits: pglz barely compresses them, so it is stored out of line).
CREATE TABLE public.attachments (id integer PRIMARY KEY, name text NOT NULL, data text NOT NULL);
INSERT INTO public.attachments SELECT 1, 'big.hex', string_agg(md5(i::text), '' ORDER BY i) FROM generate_series(1, 1600000) i;
INSERT INTO public.attachments VALUES (2, 'small.txt', 'small');
