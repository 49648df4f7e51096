-- Shipped migrations are never edited; add a new numbered file instead.
-- Referral welcome coupon: when a customer is linked to whoever brought
-- them, the shop may give them a single-use percentage coupon (0: none),
-- valid for this many days from the day they are linked.

ALTER TABLE loyalty_settings ADD COLUMN referral_coupon_percent INTEGER NOT NULL DEFAULT 0
    CHECK (referral_coupon_percent BETWEEN 0 AND 90);
ALTER TABLE loyalty_settings ADD COLUMN referral_coupon_days INTEGER NOT NULL DEFAULT 60
    CHECK (referral_coupon_days BETWEEN 1 AND 3650);
