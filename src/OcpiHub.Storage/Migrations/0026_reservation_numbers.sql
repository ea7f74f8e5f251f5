-- The hub's numbers for eMSPs' reservations at 2.1.1 CPOs. A 2.1.1 reservation_id is an integer, and a 2.1.1 CPO
-- cannot tell the hub's eMSPs apart: each eMSP's reservation id (reservation_key: upper-cased, as a CiString) gets a
-- number unique at the CPO, the same one when the eMSP sends the same reservation again to update it.
CREATE TABLE reservation_numbers (
    cpo             TEXT NOT NULL,
    emsp            TEXT NOT NULL,
    reservation_key TEXT NOT NULL,
    number          INTEGER NOT NULL,
    PRIMARY KEY (cpo, emsp, reservation_key),
    UNIQUE (cpo, number)
);
