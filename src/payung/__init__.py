"""Payung: plan, fund, enrol, bill, monitor and report BPJS Ketenagakerjaan coverage of vulnerable workers."""
