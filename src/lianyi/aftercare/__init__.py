"""The after-sales programme, satisfaction, cases, referrals (to come): above sales."""
