-- The funnel counts the people who work for examiners (issue 20): how many
-- assistants and how many third parties hold at least one approved grant,
-- kept exact by triggers as grants are approved and end (counting them at
-- each look would read every grant), and written into funnel_days by the cron
-- with the accounts' stages, as 'approved_assistant' and 'approved_third_party'.

-- A person's approved grants per role: the count that says when a person
-- starts or stops being counted.
CREATE TABLE approved_grants_per_person (
    person_id INTEGER NOT NULL REFERENCES people (id),
    role      TEXT NOT NULL CHECK (role IN ('assistant', 'third_party')),
    grants    INTEGER NOT NULL CHECK (grants >= 0),
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;

-- People with at least one approved grant, per role (two rows).
CREATE TABLE funnel_people (
    role   TEXT PRIMARY KEY CHECK (role IN ('assistant', 'third_party')),
    people INTEGER NOT NULL CHECK (people >= 0)
) WITHOUT ROWID;
INSERT INTO funnel_people (role, people) VALUES ('assistant', 0), ('third_party', 0);

INSERT INTO approved_grants_per_person (person_id, role, grants)
    SELECT person_id, role, count(*) FROM grants WHERE state = 'approved' GROUP BY person_id, role;
UPDATE funnel_people SET people = (SELECT count(*) FROM approved_grants_per_person a WHERE a.role = funnel_people.role);

CREATE TRIGGER funnel_of_an_approved_grant
AFTER INSERT ON grants WHEN NEW.state = 'approved'
BEGIN
    INSERT INTO approved_grants_per_person (person_id, role, grants) VALUES (NEW.person_id, NEW.role, 1)
        ON CONFLICT (person_id, role) DO UPDATE SET grants = grants + 1;
    UPDATE funnel_people SET people = people + 1
        WHERE role = NEW.role
          AND (SELECT grants FROM approved_grants_per_person WHERE person_id = NEW.person_id AND role = NEW.role) = 1;
END;

CREATE TRIGGER funnel_of_a_grant_approved
AFTER UPDATE OF state ON grants WHEN NEW.state = 'approved' AND OLD.state <> 'approved'
BEGIN
    INSERT INTO approved_grants_per_person (person_id, role, grants) VALUES (NEW.person_id, NEW.role, 1)
        ON CONFLICT (person_id, role) DO UPDATE SET grants = grants + 1;
    UPDATE funnel_people SET people = people + 1
        WHERE role = NEW.role
          AND (SELECT grants FROM approved_grants_per_person WHERE person_id = NEW.person_id AND role = NEW.role) = 1;
END;

CREATE TRIGGER funnel_of_a_grant_ended
AFTER UPDATE OF state ON grants WHEN OLD.state = 'approved' AND NEW.state <> 'approved'
BEGIN
    UPDATE approved_grants_per_person SET grants = grants - 1 WHERE person_id = OLD.person_id AND role = OLD.role;
    UPDATE funnel_people SET people = people - 1
        WHERE role = OLD.role
          AND (SELECT grants FROM approved_grants_per_person WHERE person_id = OLD.person_id AND role = OLD.role) = 0;
END;
