package com.slaledger.projection.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The auditor's pages under {@code /ui/}. They are static: each page holds no data and fetches the
 * query API with the bearer token the sign-in page keeps in the browser's {@code sessionStorage},
 * so the same roles and party scope apply as in the API (what a token may not see is not found).
 */
@Controller
public class UiPages {

    @GetMapping({"/ui", "/ui/"})
    String home() {
        return "redirect:/ui/contracts";
    }

    @GetMapping("/ui/login")
    String login() {
        return "forward:/ui/login.html";
    }

    @GetMapping("/ui/contracts")
    String contracts() {
        return "forward:/ui/contracts.html";
    }

    @GetMapping("/ui/contracts/{contractId}")
    String contract() {
        return "forward:/ui/contract.html";
    }

    @GetMapping("/ui/contracts/{contractId}/diff")
    String diff() {
        return "forward:/ui/diff.html";
    }

    @GetMapping("/ui/suppliers/{supplierId}")
    String supplier() {
        return "forward:/ui/supplier.html";
    }
}
