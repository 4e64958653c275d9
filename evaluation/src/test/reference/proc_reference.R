#!/usr/bin/Rscript
# Computes reference AUCs, DeLong intervals and variances, and paired DeLong tests with R's pROC
# for every cohort, and every regimen level within it, of a predictions file.
# Usage: Rscript proc_reference.R PREDICTIONS_CSV OUTPUT_CSV
suppressPackageStartupMessages(library(pROC))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: proc_reference.R PREDICTIONS_CSV OUTPUT_CSV")
data <- read.csv(args[1], check.names = FALSE, stringsAsFactors = FALSE, na.strings = "")
data <- data[!is.na(data$label), ]
model_columns <- grep("^prob:", names(data), value = TRUE)
model_names <- sub("@.*$", "", sub("^prob:", "", model_columns))

# direction = "<" fixes controls (label 0) below cases (label 1); pROC's default "auto" would
# flip a model whose AUC is below 0.5.
fit <- function(labels, scores) {
  roc(response = labels, predictor = scores, levels = c(0, 1), direction = "<", quiet = TRUE)
}

rows <- list()
add <- function(...) rows[[length(rows) + 1]] <<- data.frame(..., stringsAsFactors = FALSE)

groups <- list()
for (cohort in unique(data$cohort)) {
  groups[[length(groups) + 1]] <- list(cohort = cohort, level = "", rows = data$cohort == cohort)
  for (level in sort(unique(data[data$cohort == cohort, "subgroup:regimen"]))) {
    groups[[length(groups) + 1]] <- list(cohort = cohort, level = level,
      rows = data$cohort == cohort & data[["subgroup:regimen"]] == level)
  }
}

for (group in groups) {
  subset <- data[group$rows, ]
  for (i in seq_along(model_columns)) {
    kept <- subset[!is.na(subset[[model_columns[i]]]), ]
    if (length(unique(kept$label)) < 2) next
    r <- fit(kept$label, kept[[model_columns[i]]])
    ci <- ci.auc(r, method = "delong", conf.level = 0.95)
    add(kind = "auc", cohort = group$cohort, level = group$level, model_a = model_names[i], model_b = "",
        n = nrow(kept), auc = as.numeric(auc(r)), ci_lower = ci[1], ci_upper = ci[3],
        variance = var(r, method = "delong"), z = NA, p_value = NA)
  }
  for (i in seq_along(model_columns)) {
    for (j in seq_along(model_columns)) {
      if (j <= i) next
      kept <- subset[!is.na(subset[[model_columns[i]]]) & !is.na(subset[[model_columns[j]]]), ]
      if (length(unique(kept$label)) < 2) next
      test <- roc.test(fit(kept$label, kept[[model_columns[i]]]), fit(kept$label, kept[[model_columns[j]]]),
                       method = "delong", paired = TRUE)
      add(kind = "delong_test", cohort = group$cohort, level = group$level, model_a = model_names[i],
          model_b = model_names[j], n = nrow(kept), auc = NA, ci_lower = NA, ci_upper = NA, variance = NA,
          z = unname(test$statistic), p_value = test$p.value)
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, args[2], row.names = FALSE, na = "")
cat(sprintf("pROC %s: wrote %d rows to %s\n", packageVersion("pROC"), nrow(out), args[2]))
