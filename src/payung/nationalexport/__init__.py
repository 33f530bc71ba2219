"""This Payung's side of the national roll-up: its stable instance id, the export of its national
package (`payung national_export`) and the reading back of the double-funding list
(`payung national_matches`). The package format and the job are `payung.national` (no Django)."""
