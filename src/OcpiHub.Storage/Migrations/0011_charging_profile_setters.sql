-- Who set a charging profile on a session through the hub (the last one accepted): the CPO's ActiveChargingProfile
-- updates of that session go to that party (OCPI 2.2.1 Charging Profiles: only sessions a profile was set on).
CREATE TABLE charging_profile_setters (
    cpo             TEXT NOT NULL,
    session_id      TEXT NOT NULL,
    emsp_platform   TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    emsp            TEXT NOT NULL,
    PRIMARY KEY (cpo, session_id)
);
