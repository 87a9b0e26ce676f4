package com.slaledger.api.view;

import java.time.YearMonth;

public record SatisfactionView(YearMonth period, int score, boolean wouldRecommend, String comment) {}
