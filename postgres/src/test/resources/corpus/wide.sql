-- corpus_wide: 1600 columns (PostgreSQL's limit), every one with a default; one in ten is text.
DO $$
DECLARE
    ddl text := 'CREATE TABLE public.wide (c1 integer DEFAULT 1';
BEGIN
    FOR i IN 2..1600 LOOP
        ddl := ddl || CASE WHEN i % 10 = 0 THEN format(', c%s text DEFAULT %L', i, 'v' || i)
                           ELSE format(', c%s integer DEFAULT %s', i, i) END;
    END LOOP;
    EXECUTE ddl || ')';
END $$;
INSERT INTO public.wide (c1) SELECT i FROM generate_series(1, 50) i;
