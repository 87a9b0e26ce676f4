package com.slaledger.projection.contractview;

import java.time.YearMonth;

public record SatisfactionView(YearMonth period, int score, boolean wouldRecommend, String comment) {}
