# Reference Gi* z-scores from R spdep (the definition in docs GISTAR.md), for known-answer
# fixtures and for timing spdep against geodata/gistar.ts.
#
#   Rscript bench/gistar-spdep.R --fixtures DIR      # seeded random 30x20 cases -> DIR/spdep-30x20-{masked,full}.json
#   Rscript bench/gistar-spdep.R in.json out.json    # any case: counts in, z's and timings out
#
# Input JSON: {"cols", "rows", "cell_size", "origin": [x0, y0], "counts": [row-major, row 0 south],
#              "mask": [0/1, optional], "neighbourhoods": ["queen", "rook", {"distance": d}, ...]}
# Output: the input plus "results": one entry per neighbourhood with z, p (two-sided), p_fdr
# (p.adjust "BH" over kept cells), p_local (spdep::p.adjustSP "BH" with the neighbour list
# *without* self, i.e. n = W_i), window (W_i) and seconds (median of 5 localG calls); null at
# masked or undefined cells.
#
# Neighbour lists are built independently of the lattice arithmetic in gistar.ts: queen/rook by
# polygon contiguity of the real cell squares (spdep::poly2nb), distance bands by
# spdep::dnearneigh on the centres with the documented 1e-6 m tolerance. Masked cells are removed
# with subset.nb, exactly as GISTAR.md prescribes.
#
# Needs: r-cran-spdep, r-cran-jsonlite (Debian packages). Tested with spdep 1.2.7.

suppressPackageStartupMessages({
  library(spdep)
  library(sf)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)

fixture_input <- function(with_mask) {
  set.seed(20240601)
  cols <- 30L
  rows <- 20L
  # Overdispersed counts with a planted cluster, like real crime counts.
  cc <- rep(0:(cols - 1), rows)
  rr <- rep(0:(rows - 1), each = cols)
  lambda <- 1.5 + 12 * exp(-((cc - 8)^2 + (rr - 12)^2) / 8)
  counts <- rnbinom(cols * rows, mu = lambda, size = 2)
  mask <- rep(1L, cols * rows)
  mask[(cc - 29)^2 + (rr - 0)^2 <= 30] <- 0L # a cut-off south-east corner
  mask[cc %in% 14:15 & rr %in% 5:16] <- 0L    # a river through the middle
  mask[sample(which(mask == 1L), 10)] <- 0L   # scattered holes
  input <- list(
    cols = cols, rows = rows, cell_size = 100, origin = c(530000, 180000), counts = counts,
    neighbourhoods = list("queen", "rook", list(distance = 200), list(distance = 250))
  )
  if (with_mask) input$mask <- mask
  input
}

run_case <- function(input) {
  cols <- input$cols
  rows <- input$rows
  cs <- as.numeric(input$cell_size)
  x0 <- as.numeric(input$origin[1])
  y0 <- as.numeric(input$origin[2])
  n_all <- cols * rows
  x_all <- as.numeric(input$counts)
  mask <- if (is.null(input$mask)) rep(1L, n_all) else as.integer(input$mask)
  kept <- mask == 1L
  col_of <- (seq_len(n_all) - 1L) %% cols
  row_of <- (seq_len(n_all) - 1L) %/% cols
  centres <- cbind(x0 + cs * (col_of + 0.5), y0 + cs * (row_of + 0.5))

  polys <- NULL
  cell_polygons <- function() {
    if (is.null(polys)) {
      polys <<- st_sfc(lapply(seq_len(n_all), function(i) {
        xa <- x0 + cs * col_of[i]
        ya <- y0 + cs * row_of[i]
        st_polygon(list(rbind(c(xa, ya), c(xa + cs, ya), c(xa + cs, ya + cs), c(xa, ya + cs), c(xa, ya))))
      }), crs = 27700)
    }
    polys
  }

  full_nb <- function(nh) {
    if (identical(nh, "queen")) return(poly2nb(cell_polygons(), queen = TRUE))
    if (identical(nh, "rook")) return(poly2nb(cell_polygons(), queen = FALSE))
    dnearneigh(centres, d1 = 0, d2 = nh$distance + 1e-6)
  }

  nh_name <- function(nh) if (is.character(nh)) nh else paste0("distance_", nh$distance)

  full_out <- function(v) {
    o <- rep(NA_real_, n_all)
    o[kept] <- v
    o
  }

  results <- list()
  for (nh in input$neighbourhoods) {
    nb <- subset.nb(full_nb(nh), kept)
    lw <- nb2listw(include.self(nb), style = "B", zero.policy = TRUE)
    x <- x_all[kept]
    times <- numeric(5)
    for (k in 1:5) times[k] <- system.time(z <- localG(x, lw, zero.policy = TRUE))[["elapsed"]]
    z <- as.numeric(z)
    z[!is.finite(z)] <- NA
    p <- 2 * pnorm(abs(z), lower.tail = FALSE)
    results[[nh_name(nh)]] <- list(
      neighbourhood = nh,
      z = full_out(z),
      p = full_out(p),
      p_fdr = full_out(p.adjust(p, "BH")),
      p_local = full_out(p.adjustSP(p, nb, method = "BH")),
      window = full_out(card(nb) + 1),
      seconds = median(times)
    )
  }
  input$results <- results
  input$generated_by <- paste0("bench/gistar-spdep.R, spdep ", packageVersion("spdep"), ", ", R.version.string)
  input
}

write_case <- function(case, path) {
  writeLines(toJSON(case, auto_unbox = TRUE, digits = NA, na = "null", null = "null"), path)
}

if (length(args) == 2 && args[1] == "--fixtures") {
  write_case(run_case(fixture_input(TRUE)), file.path(args[2], "spdep-30x20-masked.json"))
  write_case(run_case(fixture_input(FALSE)), file.path(args[2], "spdep-30x20-full.json"))
} else if (length(args) == 2) {
  write_case(run_case(fromJSON(args[1], simplifyVector = TRUE, simplifyDataFrame = FALSE)), args[2])
} else {
  stop("usage: Rscript bench/gistar-spdep.R --fixtures DIR | in.json out.json")
}
