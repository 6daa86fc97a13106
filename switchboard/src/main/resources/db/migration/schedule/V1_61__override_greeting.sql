-- What callers hear while an override closes the business ("We are closed today because of the snow; leave a message and
-- we will call you back tomorrow"), spoken before the after-hours target, as a holiday's greeting is. Only a closure has one.
ALTER TABLE schedule_overrides ADD COLUMN greeting text CHECK (greeting IS NULL OR (NOT open AND length(greeting) BETWEEN 1 AND 1000));
